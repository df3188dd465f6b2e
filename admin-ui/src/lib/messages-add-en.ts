/**
 * English texts of issue 19's panel additions (contact page, import preview, business hours, groups,
 * campaign warnings, channels, audit log, dashboard), kept apart from messages-en.ts so the additions
 * stay in one block; messages-en.ts spreads them in.
 */
export const addEn = {
  'contact.back': 'All contacts',
  'contact.open': 'Open {name}',
  'contact.since': 'Contact since {date}',
  'contact.identities': 'Channel addresses',
  'contact.identitiesHint': 'Proven by a channel: messages from them reach this contact.',
  'contact.noIdentity': 'No channel address yet.',
  'contact.emailHint': 'Unverified until an email comes from this address.',
  'contact.phoneHint': 'National (079 123 45 67) or international (+41 79 …) format.',
  'contact.tagsHint': 'Separated by commas.',
  'import.update': 'Update the contacts that already exist (new tags added, an empty email or phone filled)',
  'import.columns': 'Which column holds what',
  'import.column': '{field} column',
  'import.skip': '(not imported)',
  'import.preview': 'Preview',
  'import.previewTitle': 'Preview of the first {n} rows',
  'import.summary': '{created} new, {updated} updated, {refused} refused.',
  'import.updated': '{n} updated.',
  'import.chooseName': 'Choose the column that holds the name.',
  'import.row': 'Row',
  'import.result': 'Result',
  'import.action.create': 'New',
  'import.action.update': 'Update',
  'import.action.refuse': 'Refused',
  'fieldError.columns': 'Columns: choose the file’s column for the name; the others may be left out.',
  'fieldError.phone': 'Phone: write a number in national (079 123 45 67) or international (+41 79 …) format.',
};
