/** Host lists: link shorteners (never allowed), payment providers, the top-level domains a bare host may end with. */
export const SHORTENERS = new Set(
  `bit.ly bitly.com tinyurl.com t.co is.gd v.gd buff.ly rb.gy cutt.ly s.id tiny.cc ow.ly goo.gl shorturl.at t.ly
  rebrand.ly bl.ink short.io shorturl.com lnkd.in dlvr.it ift.tt tr.im x.co qr.net qrco.de linktr.ee lnk.to
  soo.gd s.coop clck.ru u.to did.li gg.gg 2.gy shor.by urlz.fr urlr.me kurzelinks.de l.linklyhq.com smarturl.it
  snip.ly po.st y2u.be youtu.be amzn.to amzn.eu bit.do mcaf.ee tiny.one rotf.lol wa.me t.me`.split(/\s+/),
);

/** Whether `host` or one of its parent domains is in `set` ("a.b.ch" checks "a.b.ch", "b.ch", "ch"). */
export function inDomains(host: string, set: ReadonlySet<string>): boolean {
  for (let at = 0; at >= 0; at = host.indexOf('.', at) + 1 || -1) if (set.has(host.slice(at))) return true;
  return false;
}

/** Whether a host is a shortener or a subdomain of one. */
export function isShortener(host: string): boolean {
  return inDomains(host.toLowerCase().replace(/^www\./, ''), SHORTENERS);
}

export const PAYMENT_HOSTS = new Set(
  `stripe.com buy.stripe.com paypal.com paypal.me twint.ch sumup.com sumup.ch sumup.io sumup.me payrexx.com
  gumroad.com gum.co lemonsqueezy.com revolut.me revolut.com buymeacoffee.com ko-fi.com venmo.com cash.app
  monzo.me square.link squareup.com mollie.com paddle.com payhip.com sellfy.com thrivecart.com samcart.com
  datatrans.com wallee.com saferpay.com klarna.com lydia-app.com lydia.me paylib.fr pay.google.com checkout.com
  podia.com wise.com transferwise.com satispay.com patreon.com tipeee.com leetchi.com lyf.eu zelle.com payconiq.com`.split(
    /\s+/,
  ),
);

export const PROVIDER_WORD =
  'paypal|revolut|twint|lydia|sumup|wise|venmo|cash ?app|cashapp|satispay|paylib|monzo|zelle|swish|mobilepay|vipps|bizum|' +
  'stripe|postfinance|n26|skrill|payconiq|bancontact|ko-?fi|buymeacoffee|patreon|tipeee|leetchi|lemon ?squeezy|gumroad|wero|yuh|neon';

export const TLDS =
  'com|net|org|info|biz|io|co|me|ly|gl|gg|cc|tv|to|app|dev|page|link|shop|store|site|online|live|pay|money|bank|tech|ai|xyz|club|fit|' +
  'yoga|coach|blog|one|fun|website|click|studio|art|health|care|life|fitness|training|academy|school|space|today|zone|email|cloud|' +
  'digital|agency|pro|name|mobi|swiss|berlin|paris|wien|zuerich|ch|de|fr|it|at|li|uk|us|eu|be|nl|es|pt|se|no|dk|fi|pl|cz|sk|hu|ro|' +
  'bg|gr|ie|lu|mc|ca|au|nz|jp|cn|in|br|mx|ar|ru|ua|tr|il|za|sg|hk|tw|kr|ae|ma|tn|sn|ci|cm|re|sh|ac|la|fm|am|is|id|st|ws|vc|gd|im|' +
  'je|ms|nu|mu|lt|lv|ee|si|hr|rs|ba|mk|al|md|ge|kz|gy|do|so|cx|ps|lol|wtf|top|icu|buzz|run|bio|ink|help|news|gratis|rocks|best';
