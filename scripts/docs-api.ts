// Rewrites the generated parts of docs/API.md from the contract (today: the error-code table).
import fs from 'node:fs';
import path from 'node:path';
import { withErrorTable } from '../src/shared/api/error-table.ts';

const file = path.resolve(import.meta.dirname, '../docs/API.md');
fs.writeFileSync(file, withErrorTable(fs.readFileSync(file, 'utf8')));
console.log('docs/API.md: error codes written');
