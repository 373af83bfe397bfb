/**
 * What sending a text message looks like to the modules that send one (sign-in codes, certificate
 * lookups, household link requests). The channels (console, file, HTTP gateway) are in
 * `modules/notifications/sms.ts`; this small file keeps those modules from importing notifications.
 */

/** One text message. `code` is set for one-time codes (the file channel records it for tests and demos). */
export interface SmsMessage {
  to: string;
  text: string;
  code?: string;
}

/** Delivers text messages; `send` resolves once the channel accepted the message. */
export interface SmsSender {
  readonly channel: string;
  send(message: SmsMessage): Promise<void>;
}
