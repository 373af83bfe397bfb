import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { issuerLabel } from '../../../shared/certificate/issuer-name.ts';
import { formatDate, vietnamDate } from '../../../shared/format.ts';
import type { Certificate } from '../../../shared/schemas/certificates.ts';

/** The words of the certificate in one language, as they are printed (tested for language and dates). */
export function certificateText(certificate: Certificate, lang: 'vi' | 'en') {
  const t = TEXT[lang];
  const h = certificate.holder;
  // Days as the reader writes them (16/12/2026; 16 Dec 2026); instants on Viet Nam's calendar day.
  const dayOf = (isoDate: string) => formatDate(isoDate, lang);
  const dateOf = (instant: string) => formatDate(vietnamDate(new Date(instant)), lang);
  return {
    title: t.title,
    subtitle: t.subtitle,
    holderLabel: t.holder,
    fullName: h.fullName,
    icao: `${h.familyNameIcao}${h.givenNameIcao ? `<<${h.givenNameIcao}` : ''}`,
    birthDate: `${t.birthDate}: ${dayOf(h.birthDate)}`,
    dosesLabel: t.doses,
    doses: certificate.doses.map(
      (d) => `${t.dose} ${d.doseNumber}: ${dayOf(d.date)} · ${d.product} (${d.manufacturer}) · ${d.country}`,
    ),
    issuer: `${t.issuer}: ${issuerLabel(certificate.issuer, lang)}`,
    uvci: `${t.uvci}: ${certificate.uvci}`,
    validity: `${t.validity}: ${dateOf(certificate.issuedAt)} ${t.until} ${dateOf(certificate.expiresAt)}`,
  };
}

/**
 * The printable certificate: A4 or wallet size (ID-1 card, folded), Vietnamese or English, with the
 * EU DCC QR, the holder, the doses and the issuer, in Be Vietnam Pro (embedded, subset) so every
 * Vietnamese letter prints.
 */

const FONT_DIR = path.resolve(import.meta.dirname, '../../../../assets/fonts');
let fonts: { regular: Uint8Array; bold: Uint8Array } | undefined;
function fontFiles() {
  fonts ??= {
    regular: fs.readFileSync(path.join(FONT_DIR, 'BeVietnamPro-Regular.ttf')),
    bold: fs.readFileSync(path.join(FONT_DIR, 'BeVietnamPro-Bold.ttf')),
  };
  return fonts;
}

const TEXT = {
  vi: {
    title: 'CHỨNG NHẬN TIÊM CHỦNG COVID-19',
    subtitle: 'Chứng nhận kỹ thuật số COVID của EU (EU DCC)',
    holder: 'Người được tiêm',
    birthDate: 'Ngày sinh',
    doses: 'Các mũi tiêm',
    dose: 'Mũi',
    issuer: 'Cơ quan cấp',
    uvci: 'Mã chứng nhận (UVCI)',
    validity: 'Hiệu lực',
    until: 'đến',
  },
  en: {
    title: 'COVID-19 VACCINATION CERTIFICATE',
    subtitle: 'EU Digital COVID Certificate (EU DCC)',
    holder: 'Holder',
    birthDate: 'Date of birth',
    doses: 'Doses',
    dose: 'Dose',
    issuer: 'Issuer',
    uvci: 'Certificate identifier (UVCI)',
    validity: 'Valid',
    until: 'until',
  },
} as const;

const MM = 72 / 25.4;
const SIZES = { a4: [210 * MM, 297 * MM], wallet: [85.6 * MM * 2, 54 * MM] } as const;

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export async function certificatePdf(
  certificate: Certificate,
  options: { size: 'a4' | 'wallet'; lang: 'vi' | 'en' },
): Promise<Uint8Array> {
  const t = TEXT[options.lang];
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`${t.title} — ${certificate.holder.fullName}`);
  doc.setLanguage(options.lang);
  doc.setProducer('sskdt');
  const { regular: regularBytes, bold: boldBytes } = fontFiles();
  const regular = await doc.embedFont(regularBytes, { subset: true });
  const bold = await doc.embedFont(boldBytes, { subset: true });
  const qrPng = await QRCode.toBuffer(certificate.euDcc, { errorCorrectionLevel: 'Q', margin: 2, scale: 6 });
  const qr = await doc.embedPng(qrPng);
  const [width, height] = SIZES[options.size];
  const page = doc.addPage([width, height]);
  const ink = rgb(0.1, 0.1, 0.12);
  const green = rgb(0.05, 0.45, 0.25);
  const words = certificateText(certificate, options.lang);

  if (options.size === 'a4') {
    const margin = 20 * MM;
    let y = height - margin;
    const text = (
      s: string,
      size: number,
      font = regular,
      colour = ink,
      x = margin,
      maxWidth = width - 2 * margin,
    ) => {
      for (const line of wrap(s, font, size, maxWidth)) {
        y -= size * 1.35;
        page.drawText(line, { x, y, size, font, color: colour });
      }
    };
    text(words.title, 18, bold, green);
    text(words.subtitle, 11);
    const qrSize = 80 * MM;
    y -= 8 * MM;
    page.drawImage(qr, { x: (width - qrSize) / 2, y: y - qrSize, width: qrSize, height: qrSize });
    y -= qrSize + 6 * MM;
    text(words.holderLabel, 10, regular);
    text(words.fullName, 16, bold);
    text(words.icao, 10);
    text(words.birthDate, 11);
    y -= 4 * MM;
    text(words.dosesLabel, 10);
    for (const line of words.doses) text(line, 11);
    y -= 4 * MM;
    text(words.issuer, 10);
    text(words.uvci, 10);
    text(words.validity, 10);
  } else {
    drawWallet(page, { width, height, regular, bold, qr, ink, green }, words, certificate.uvci);
  }
  return doc.save();
}

type WalletTools = {
  width: number;
  height: number;
  regular: PDFFont;
  bold: PDFFont;
  qr: Awaited<ReturnType<PDFDocument['embedPng']>>;
  ink: ReturnType<typeof rgb>;
  green: ReturnType<typeof rgb>;
};

/** Wallet size: two ID-1 panels side by side (fold in the middle): holder and doses, then the QR. */
function drawWallet(page: PDFPage, w: WalletTools, words: ReturnType<typeof certificateText>, uvci: string) {
  const panel = w.width / 2;
  const pad = 3 * MM;
  page.drawLine({
    start: { x: panel, y: 0 },
    end: { x: panel, y: w.height },
    thickness: 0.3,
    dashArray: [2, 2],
  });
  let y = w.height - pad;
  const text = (s: string, size: number, font = w.regular, colour = w.ink) => {
    for (const line of wrap(s, font, size, panel - 2 * pad)) {
      y -= size * 1.3;
      page.drawText(line, { x: pad, y, size, font, color: colour });
    }
  };
  text(words.title, 7, w.bold, w.green);
  text(words.fullName, 9, w.bold);
  text(words.birthDate, 6);
  for (const line of words.doses) text(line, 5.5);
  text(words.issuer, 5.5);
  text(uvci, 5);
  const qrSize = w.height - 2 * pad;
  page.drawImage(w.qr, { x: panel + (panel - qrSize) / 2, y: pad, width: qrSize, height: qrSize });
}
