/** English texts of the web chat page, of images and of the coach joining (issue 19); spread into messages-en.ts. */
export const webChatEn = {
  'nav.webChat': 'Web chat',
  'webChat.title': 'Web chat',
  'webChat.intro':
    'What your customers see in the web chat: your name, logo and colour, a welcome message and when to expect an answer.',
  'webChat.name': 'Business name',
  'webChat.logoUrl': 'Logo address',
  'webChat.logoUrlHint':
    'An https:// address, or upload an image below (PNG, JPEG, WebP or GIF, 5 MB at most).',
  'webChat.logoUpload': 'Upload a logo',
  'webChat.logoRemove': 'Remove the logo',
  'webChat.accentColor': 'Accent colour',
  'webChat.welcomeMessage': 'Welcome message',
  'webChat.replyTime': 'Expected reply time',
  'webChat.reply.none': 'Not shown',
  'webChat.reply.minutes': 'A few minutes',
  'webChat.reply.hours': 'A few hours',
  'webChat.reply.day': 'Within a day',
  'webChat.preview': 'Preview',
  'webChat.saved': 'Saved: the web chat shows it from now on.',
  'fieldError.accentColor': 'The accent colour must be written #rrggbb, for example #3b5bdb.',
  'fieldError.logoUrl': 'The logo address must be a full https:// URL, such as https://example.com/logo.png.',
  'fieldError.image': 'The image must be a PNG, JPEG, WebP or GIF file of 5 MB at most.',
  'system.coachJoined': '{name} (coach) joined the conversation',
  'attach.label': 'Attach an image',
  'attach.image': 'Image',
  'attach.remove': 'Remove the image',
};
