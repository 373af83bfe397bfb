import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/client.ts';
import type { Problem } from '../../shared/schemas/problem.ts';
import { fieldMatcher, problemLines, problemOf, splitProblem } from './forms.ts';

const problem = (errors?: Problem['errors'], code = 'validation'): Problem => ({
  type: 'about:blank',
  title: 'The submitted data is not valid',
  status: 400,
  code,
  instance: '/api/me/household/members',
  requestId: 'req-42',
  messages: { vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The submitted data is not valid' },
  errors,
});
const fieldError = (field: string, vi: string, en: string, where?: string) => ({
  field,
  ...(where ? { in: where } : {}),
  code: 'rule',
  message: en,
  messages: { vi, en },
});

describe('splitProblem', () => {
  const isField = fieldMatcher(['fullName', 'cccd', 'members']);

  it('places every body field error the form has on its field, in the chosen language, and leaves no alert', () => {
    const split = splitProblem(
      problem([
        fieldError('cccd', 'CCCD sai', 'Bad CCCD', 'body'),
        fieldError('fullName', 'Thiếu tên', 'No name'),
      ]),
      isField,
      'vi',
    );
    expect(split.fields).toEqual([
      { name: 'cccd', message: 'CCCD sai' },
      { name: 'fullName', message: 'Thiếu tên' },
    ]);
    expect(split.formProblem).toBeNull();
  });

  it('places a dotted path by its first segment (members.2.cccd)', () => {
    const split = splitProblem(
      problem([fieldError('members.2.cccd', 'CCCD sai', 'Bad CCCD')]),
      isField,
      'en',
    );
    expect(split.fields).toEqual([{ name: 'members.2.cccd', message: 'Bad CCCD' }]);
    expect(split.formProblem).toBeNull();
  });

  it('sends query, params and header errors and unknown body fields to the form-level problem', () => {
    const split = splitProblem(
      problem([
        fieldError('cccd', 'CCCD sai', 'Bad CCCD'),
        fieldError('limit', 'Quá lớn', 'Too big', 'query'),
        fieldError('cccd', 'Sai', 'Wrong', 'params'),
        fieldError('secret', 'Không có', 'Missing', 'body'),
      ]),
      isField,
      'vi',
    );
    expect(split.fields).toEqual([{ name: 'cccd', message: 'CCCD sai' }]);
    expect(split.formProblem?.code).toBe('validation');
    expect(split.formProblem?.errors?.map((e) => e.field)).toEqual(['limit', 'cccd', 'secret']);
  });

  it('keeps a problem without field errors whole, for the alert', () => {
    const conflict = problem(undefined, 'household_full');
    const split = splitProblem(conflict, isField, 'vi');
    expect(split.fields).toEqual([]);
    expect(split.formProblem).toEqual(conflict);
  });
});

describe('problemOf', () => {
  it('reads the problem of an ApiError', () => {
    const p = problem(undefined, 'conflict');
    expect(problemOf(new ApiError(409, p))).toBe(p);
  });

  it('turns any other failure into a client-side problem with its text and no request id', () => {
    const p = problemOf(new Error('boom'));
    expect(p.code).toBe('client_error');
    expect(p.messages).toEqual({ vi: 'boom', en: 'boom' });
    expect(p.requestId).toBe('');
  });
});

describe('problemLines', () => {
  it('is the message in the chosen language, then each unplaced field message once', () => {
    const p = problem([
      fieldError('limit', 'Quá lớn', 'Too big', 'query'),
      fieldError('offset', 'Quá lớn', 'Too big', 'query'),
    ]);
    expect(problemLines(p, 'vi')).toEqual(['Dữ liệu gửi lên không hợp lệ', 'Quá lớn']);
    expect(problemLines(p, 'en')).toEqual(['The submitted data is not valid', 'Too big']);
  });
});
