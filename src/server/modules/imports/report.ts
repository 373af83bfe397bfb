import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { IMPORT_FIELDS } from '../../../shared/legacy/import-columns.ts';
import type { Lang } from '../../../shared/messages.ts';
import type { DB } from '../../db/schema.ts';
import { type ImportJobRow, type IssueRow, issuesAfter, issuesOfRows } from './imports.repository.ts';
import { issueMessage } from './imports.service.ts';
import type { Cell } from './rows/row-rules.ts';
import { ERROR_COLUMN } from './runner/job-setup.ts';
import { openJobFile } from './upload/file-store.ts';
import { openRowReader } from './upload/readers.ts';

const TEXT = {
  vi: {
    sheet: 'Mẫu nhập',
    notes: 'Ghi chú',
    column: 'Cột',
    required: 'Bắt buộc',
    note: 'Ghi chú',
    yes: 'Có',
    no: 'Không',
    intro:
      'Mỗi dòng là một mũi tiêm. Giữ nguyên dòng tiêu đề. Ngày viết dd/mm/yyyy. Tệp CSV (UTF-8, TCVN3 hoặc VNI) hoặc Excel (.xlsx).',
  },
  en: {
    sheet: 'Template',
    notes: 'Notes',
    column: 'Column',
    required: 'Required',
    note: 'Notes',
    yes: 'Yes',
    no: 'No',
    intro:
      'One dose per row. Keep the header row. Dates as dd/mm/yyyy. CSV (UTF-8, TCVN3 or VNI) or Excel (.xlsx) files.',
  },
} as const;

/** The import template: the headers, one sample row and a notes sheet explaining each column. */
export async function templateXlsx(lang: Lang): Promise<Buffer> {
  const t = TEXT[lang];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t.sheet);
  sheet.columns = IMPORT_FIELDS.map((f) => ({
    header: lang === 'vi' ? f.header : f.headerEn,
    width: Math.max(14, (lang === 'vi' ? f.header : f.headerEn).length + 4),
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(IMPORT_FIELDS.map((f) => f.example));
  const notes = workbook.addWorksheet(t.notes);
  notes.columns = [
    { header: t.column, width: 22 },
    { header: t.required, width: 10 },
    { header: t.note, width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const f of IMPORT_FIELDS)
    notes.addRow([lang === 'vi' ? f.header : f.headerEn, f.required ? t.yes : t.no, f.note[lang]]);
  notes.addRow([]);
  notes.addRow([t.intro]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const issueText = (issue: IssueRow) => {
  const message = issueMessage(issue.code, issue.params as Record<string, string | number> | null);
  const column = issue.column_name ? `${issue.column_name}: ` : '';
  return `${column}${message.vi} / ${message.en}`;
};

const cellValue = (cell: Cell) => (cell === null ? null : cell);

/**
 * Streams the error report of a job: sheet 1 is the file's failed rows as they were read (text in
 * Unicode), each with a last column naming every problem in Vietnamese and English, so the site fixes
 * them and uploads the file again; sheet 2 lists every issue. The file is read again from where the job
 * stored it and the issues a batch at a time: memory does not grow with the file.
 */
export async function writeErrorReport(db: Kysely<DB>, job: ImportJobRow, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const failed = workbook.addWorksheet('Lỗi - Errors');
  const reader = await openRowReader(() => openJobFile(db, job), job.file_kind);
  try {
    const header = failed.addRow([...reader.headers, ERROR_COLUMN]);
    header.font = { bold: true };
    header.commit();
    for await (const batch of reader.batches(1000, 0)) {
      if (!batch.records.length) continue;
      const first = batch.records[0].rowNumber;
      const last = batch.records[batch.records.length - 1].rowNumber;
      const issues = await issuesOfRows(db, job.id, first, last);
      if (!issues.length) continue;
      const byRow = new Map<number, IssueRow[]>();
      for (const issue of issues) {
        const list = byRow.get(issue.row_number) ?? [];
        list.push(issue);
        byRow.set(issue.row_number, list);
      }
      for (const record of batch.records) {
        const found = byRow.get(record.rowNumber);
        if (!found) continue;
        const cells = reader.headers.map((_, i) => cellValue(record.cells[i] ?? null));
        failed.addRow([...cells, found.map(issueText).join('; ')]).commit();
      }
    }
  } finally {
    reader.close();
  }
  failed.commit();
  const all = workbook.addWorksheet('Tất cả lỗi - All issues');
  const head = all.addRow(['Dòng / Row', 'Cột / Column', 'Trường / Field', 'Mã / Code', 'Lỗi', 'Error']);
  head.font = { bold: true };
  head.commit();
  let after = { row: 0, seq: -1 };
  for (;;) {
    const page = await issuesAfter(db, job.id, after, 5000);
    if (!page.length) break;
    for (const issue of page) {
      const message = issueMessage(issue.code, issue.params as Record<string, string | number> | null);
      all
        .addRow([issue.row_number, issue.column_name, issue.field, issue.code, message.vi, message.en])
        .commit();
    }
    const tail = page[page.length - 1];
    after = { row: tail.row_number, seq: tail.seq };
  }
  all.commit();
  await workbook.commit();
}
