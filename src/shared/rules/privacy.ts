/**
 * Masks identifiers that may slip into free text bound for logs: runs of 9 to 15 digits (CCCD, CMND,
 * phone numbers, with an optional + or separators) and BHYT card numbers keep only their last two
 * characters. Names cannot be recognised in free text, so they must never be logged at all.
 */
export function maskIdentifiers(text: string): string {
  return (
    text
      .replace(/\b[A-Za-z]{2}[1-5]\d{12}\b/g, (m) => `${'*'.repeat(m.length - 2)}${m.slice(-2)}`)
      // Not inside a word or an id: a UUID's last group ("…-087326523668") is not a phone number.
      .replace(/(?<![\w-])\+?\d(?:[\s.-]?\d){8,14}(?!\w)/g, (m) => {
        const digits = m.replace(/\D/g, '');
        return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
      })
  );
}
