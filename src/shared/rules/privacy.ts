const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const BHYT = '\\b[A-Za-z]{2}[1-5]\\d{12}\\b';
// Not inside a word: runs of 9 to 15 digits, optionally with +, spaces, dots or dashes between them.
const DIGITS = '(?<![\\w-])\\+?\\d(?:[\\s.-]?\\d){8,14}(?!\\w)';
const PATTERN = new RegExp(`(${UUID})|(${BHYT})|(${DIGITS})`, 'g');

/**
 * Masks identifiers that may slip into free text bound for logs: runs of 9 to 15 digits (CCCD, CMND,
 * phone numbers, with an optional + or separators) and BHYT card numbers keep only their last two
 * characters. UUIDs (record and request ids) are left whole. Names cannot be recognised in free
 * text, so they must never be logged at all.
 */
export function maskIdentifiers(text: string): string {
  return text.replace(PATTERN, (match, uuid: string | undefined, bhyt: string | undefined) => {
    if (uuid) return match;
    if (bhyt) return `${'*'.repeat(match.length - 2)}${match.slice(-2)}`;
    const digits = match.replace(/\D/g, '');
    return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
  });
}
