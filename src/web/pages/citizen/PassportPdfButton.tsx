import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../../shared/schemas/problem.ts';
import { useApiAction } from '../../lib/api-form.ts';

export const PDF_SIZES = ['a4', 'wallet'] as const;
export const PDF_LANGS = ['vi', 'en'] as const;
type PdfSize = (typeof PDF_SIZES)[number];
type PdfLang = (typeof PDF_LANGS)[number];

/**
 * Where the PDF buttons get the file: a link (the citizen's session cookie goes with it) or a
 * download made by code (the public lookup, whose token travels in a header, never in a URL).
 */
export type PdfSource =
  | { href: (size: PdfSize, lang: PdfLang) => string }
  | { download: (size: PdfSize, lang: PdfLang) => Promise<Blob> };

/** Saves a Blob as a file through a temporary object URL. */
function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** One PDF button (size × language) of the passport. */
export function PdfButton({
  source,
  size,
  pdfLang,
  onError,
}: {
  source: PdfSource;
  size: PdfSize;
  pdfLang: PdfLang;
  onError: (problem: Problem | null) => void;
}) {
  const { t } = useTranslation();
  const download = useApiAction({
    submit: (from: Extract<PdfSource, { download: unknown }>) => from.download(size, pdfLang),
    onSuccess: (blob) => saveBlob(blob, filename),
    onProblem: (problem) => {
      onError(problem);
      return true;
    },
  });
  const filename = `sskdt-certificate-${size}-${pdfLang}.pdf`;
  const props = {
    variant: 'light',
    leftSection: <IconDownload size={16} aria-hidden />,
    'data-testid': `passport-pdf-${size}-${pdfLang}`,
    children: t('passport.pdfLink', { size: t(`passport.pdf.${size}`), lang: t(`passport.pdf.${pdfLang}`) }),
  } as const;
  if ('href' in source)
    return <Button component="a" href={source.href(size, pdfLang)} download={filename} {...props} />;
  return (
    <Button
      loading={download.busy}
      onClick={() => {
        onError(null);
        void download.run(source);
      }}
      {...props}
    />
  );
}
