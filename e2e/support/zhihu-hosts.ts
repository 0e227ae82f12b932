// Which hosts the fake Zhihu answers for, and how Chromium is told so.

/** Hosts that resolve to the fixture server; all others are NOTFOUND. */
export const MAPPED_HOSTS = [
  'www.zhihu.com',
  'zhuanlan.zhihu.com',
  'static.zhihu.com',
  'pic.zhimg.com',
  'pic1.zhimg.com',
  'pic2.zhimg.com',
  'pic3.zhimg.com',
  'pic4.zhimg.com',
  'pica.zhimg.com',
  'picx.zhimg.com',
] as const;

/** Resolver rules for a browser that must not reach any network at all. */
export const NO_NETWORK_RULES = 'MAP * ~NOTFOUND, EXCLUDE localhost';

export function hostResolverRulesFor(port: number): string {
  // EXCLUDE wins over every MAP regardless of position (Chromium checks
  // exclusions first), so loopback stays reachable despite `MAP *`.
  return [
    ...MAPPED_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`),
    'EXCLUDE localhost',
    'EXCLUDE 127.0.0.1',
    'MAP * ~NOTFOUND',
  ].join(', ');
}

/** pic1…pic4, pica, picx, pic: the hosts zhimg serves images from. */
export const ZHIMG_IMAGE_HOST = /^pic\w*\.zhimg\.com$/;
/** Zhihu's JS/CSS CDN; pages reference it, the extension should not need it. */
export const STATIC_HOST = 'static.zhihu.com';
export const ANY_ORIGIN = { 'Access-Control-Allow-Origin': '*' };

/** Like zhimg's hotlink protection: no Referer is fine, a foreign one is not. */
export function refererAllowed(referer: string | undefined): boolean {
  if (!referer) return true;
  let host: string;
  try {
    host = new URL(referer).hostname;
  } catch {
    return false;
  }
  return ['zhihu.com', 'zhimg.com'].some((d) => host === d || host.endsWith(`.${d}`));
}
