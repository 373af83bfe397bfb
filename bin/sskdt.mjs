#!/usr/bin/env node
// The `sskdt` command. Sources are TypeScript run through tsx's loader in this same process, so the
// PID you see is the command's own (signals reach it directly).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
