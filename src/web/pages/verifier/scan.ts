import jsQR from 'jsqr';
import { decodeQrFromImage } from '../../../shared/certificate/qr-image.ts';

/** QR reading in the browser: photos through the shared decoder, camera frames through BarcodeDetector or jsQR. */

export class ImageUnreadableError extends Error {
  override name = 'ImageUnreadableError';
}

/** Draws an image file on a canvas and reads the QR text in it (undefined when there is none). */
export async function qrFromImageFile(file: Blob): Promise<string | undefined> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageUnreadableError();
  }
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ImageUnreadableError();
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  return decodeQrFromImage(image);
}

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;

async function nativeDetector(): Promise<BarcodeDetectorLike | undefined> {
  const Detector = (
    globalThis as {
      BarcodeDetector?: BarcodeDetectorConstructor & {
        getSupportedFormats?: () => Promise<string[]>;
      };
    }
  ).BarcodeDetector;
  if (!Detector) return undefined;
  try {
    const formats = (await Detector.getSupportedFormats?.()) ?? ['qr_code'];
    return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : undefined;
  } catch {
    return undefined;
  }
}

export interface CameraScan {
  engine: 'BarcodeDetector' | 'jsQR';
  stop(): void;
}

/**
 * Opens the rear camera into `video` and reads frames until stopped; every QR text read is passed to
 * `onText` (the caller decides when it has enough, e.g. all chunks of a SMART Health Card).
 */
export async function startCameraScan(
  video: HTMLVideoElement,
  onText: (text: string) => void,
): Promise<CameraScan> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'environment', width: { ideal: 1280 } },
    audio: false,
  });
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play();
  const detector = await nativeDetector();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = async () => {
    if (stopped) return;
    try {
      if (video.readyState >= 2 && video.videoWidth > 0) {
        if (detector) {
          for (const code of await detector.detect(video)) if (code.rawValue) onText(code.rawValue);
        } else if (context) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          context.drawImage(video, 0, 0);
          const frame = context.getImageData(0, 0, canvas.width, canvas.height);
          const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' });
          if (code?.data) onText(code.data);
        }
      }
    } catch {
      // A frame that cannot be read: try the next one.
    }
    if (!stopped) timer = setTimeout(tick, 150);
  };
  void tick();
  return {
    engine: detector ? 'BarcodeDetector' : 'jsQR',
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}

/** Chunked SMART Health Card QR texts: `shc:/i/n/…`; answers the index and count, or undefined. */
export function shcChunkPosition(text: string): { index: number; total: number } | undefined {
  const match = /^shc:\/(\d+)\/(\d+)\//i.exec(text.trim());
  return match ? { index: Number(match[1]), total: Number(match[2]) } : undefined;
}
