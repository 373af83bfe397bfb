import jsQR from 'jsqr';

/**
 * Reads a QR code from an RGBA image (a decoded PNG/JPEG, a canvas or a video frame), trying hard on
 * real photos: the image as is, then with a quiet zone added, rescaled (down for large photos, up by
 * whole factors for small renders), smoothed and binarized at Otsu's threshold, until one pass reads.
 */

export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

interface Gray {
  data: Uint8Array;
  width: number;
  height: number;
}

function toGray(image: RgbaImage): Gray {
  const { data, width, height } = image;
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    // Transparent pixels count as white (a QR drawn on a transparent background).
    const a = data[p + 3];
    const y = (data[p] * 77 + data[p + 1] * 150 + data[p + 2] * 29) >> 8;
    out[i] = a === 255 ? y : 255 - (((255 - y) * a) >> 8);
  }
  return { data: out, width, height };
}

function toRgba(gray: Gray): Uint8ClampedArray {
  const out = new Uint8ClampedArray(gray.data.length * 4);
  for (let i = 0, p = 0; i < gray.data.length; i++, p += 4) {
    const v = gray.data[i];
    out[p] = v;
    out[p + 1] = v;
    out[p + 2] = v;
    out[p + 3] = 255;
  }
  return out;
}

function pad(gray: Gray, fraction: number): Gray {
  const margin = Math.max(4, Math.round(Math.max(gray.width, gray.height) * fraction));
  const width = gray.width + 2 * margin;
  const height = gray.height + 2 * margin;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < gray.height; y++)
    data.set(gray.data.subarray(y * gray.width, (y + 1) * gray.width), (y + margin) * width + margin);
  return { data, width, height };
}

/** Resizes by area averaging (down) or nearest neighbour (up, which keeps module edges sharp). */
function resize(gray: Gray, factor: number): Gray {
  const width = Math.max(1, Math.round(gray.width * factor));
  const height = Math.max(1, Math.round(gray.height * factor));
  const data = new Uint8Array(width * height);
  if (factor >= 1) {
    for (let y = 0; y < height; y++) {
      const sy = Math.min(gray.height - 1, Math.floor(y / factor));
      for (let x = 0; x < width; x++)
        data[y * width + x] = gray.data[sy * gray.width + Math.min(gray.width - 1, Math.floor(x / factor))];
    }
    return { data, width, height };
  }
  const step = 1 / factor;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * step);
    const y1 = Math.min(gray.height, Math.max(y0 + 1, Math.floor((y + 1) * step)));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * step);
      const x1 = Math.min(gray.width, Math.max(x0 + 1, Math.floor((x + 1) * step)));
      let sum = 0;
      for (let yy = y0; yy < y1; yy++)
        for (let xx = x0; xx < x1; xx++) sum += gray.data[yy * gray.width + xx];
      data[y * width + x] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return { data, width, height };
}

function blur(gray: Gray): Gray {
  const { width, height } = gray;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
            sum += gray.data[yy * width + xx];
            n++;
          }
        }
      data[y * width + x] = Math.round(sum / n);
    }
  return { data, width, height };
}

function otsu(gray: Gray): number {
  const histogram = new Array<number>(256).fill(0);
  for (const v of gray.data) histogram[v]++;
  const total = gray.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * histogram[i];
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    weightB += histogram[t];
    if (weightB === 0) continue;
    const weightF = total - weightB;
    if (weightF === 0) break;
    sumB += t * histogram[t];
    const between = weightB * weightF * (sumB / weightB - (sum - sumB) / weightF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

function binarize(gray: Gray, threshold: number): Gray {
  const data = new Uint8Array(gray.data.length);
  for (let i = 0; i < data.length; i++) data[i] = gray.data[i] > threshold ? 255 : 0;
  return { ...gray, data };
}

function read(gray: Gray): string | undefined {
  const result = jsQR(toRgba(gray), gray.width, gray.height, { inversionAttempts: 'attemptBoth' });
  return result?.data || undefined;
}

/** The text of the first QR code found, or undefined. */
export function decodeQrFromImage(image: RgbaImage): string | undefined {
  const first = jsQR(
    image.data instanceof Uint8ClampedArray
      ? image.data
      : new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength),
    image.width,
    image.height,
    { inversionAttempts: 'attemptBoth' },
  );
  if (first?.data) return first.data;

  const gray = toGray(image);
  const longest = Math.max(gray.width, gray.height);
  const scales: number[] = [1];
  for (const target of [1200, 800, 500]) if (longest > target * 1.2) scales.push(target / longest);
  for (const factor of [2, 3]) if (longest * factor <= 2000) scales.push(factor);

  for (const scale of scales) {
    const base = scale === 1 ? gray : resize(gray, scale);
    const variants = [
      () => pad(base, 0.08),
      () => pad(blur(base), 0.08),
      () => pad(binarize(base, otsu(base)), 0.08),
      () => {
        const smooth = blur(base);
        return pad(binarize(smooth, otsu(smooth)), 0.08);
      },
    ];
    for (const variant of variants) {
      const text = read(variant());
      if (text) return text;
    }
  }
  return undefined;
}
