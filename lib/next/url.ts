// NextURL: the URL behind request.nextUrl. Next's own class tracks basePath, locale and buildId;
// without i18n, locale and buildId are constant, so a URL subclass with the same surface is enough.
// The basePath (the plugin's prefix) stays in href and leaves pathname, as Next's: a middleware
// reads `/admin` under basePath `/docs`, and `url.pathname = '/login'` points to `/docs/login`.
// As Next's, href (and String(url), so a redirect's Location) spells the path with a trailing slash
// when the URL it was made from had one (or, for `/`, with next.config `trailingSlash`), and
// without one otherwise: `/a/` -> `url.pathname = '/b'` -> `/b/` (next start 16.4.6,
// middleware-trailing-slash); pathname itself is kept as set.
export interface NextURLOptions {
  basePath?: string
  /** next.config `trailingSlash` */
  trailingSlash?: boolean
}

export class NextURL extends URL {
  #basePath: string
  #config: boolean
  #trailingSlash: boolean

  constructor (input: string | URL, base?: string | URL | NextURLOptions, options?: NextURLOptions) {
    const opts = typeof base === 'object' && !(base instanceof URL) ? base : options
    super(String(input), typeof base === 'string' || base instanceof URL ? base : undefined)
    this.#basePath = opts?.basePath ?? ''
    if (this.#basePath !== '' && !this.#inBasePath(super.pathname)) this.#basePath = ''
    this.#config = opts?.trailingSlash === true
    this.#trailingSlash = this.#slashOf(super.pathname)
  }

  #slashOf (pathname: string): boolean {
    return pathname !== '/' ? pathname.endsWith('/') : this.#config
  }

  get href (): string {
    const path = super.pathname
    const spelled = this.#trailingSlash ? (path.endsWith('/') ? path : path + '/') : (path.replace(/\/$/, '') || '/')
    return spelled === path ? super.href : `${this.protocol}//${this.host}${spelled}${this.search}${this.hash}`
  }

  set href (value: string) {
    super.href = value
    this.#trailingSlash = this.#slashOf(super.pathname)
  }

  toString (): string { return this.href }
  toJSON (): string { return this.href }

  #inBasePath (pathname: string): boolean {
    const bp = this.#basePath
    return pathname === bp || pathname.startsWith(bp + '/')
  }

  get pathname (): string {
    const full = super.pathname
    const bp = this.#basePath
    if (bp === '') return full
    return full.length === bp.length ? '/' : full.slice(bp.length)
  }

  set pathname (value: string) {
    const bp = this.#basePath
    super.pathname = bp === '' ? value : value === '/' || value === '' ? bp : bp + (value.startsWith('/') ? value : '/' + value)
  }

  get basePath (): string { return this.#basePath }
  set basePath (value: string) {
    const pathname = this.pathname
    this.#basePath = value === '/' ? '' : value.replace(/\/$/, '')
    this.pathname = pathname
  }

  /** Next's build id; undefined outside a Next build, as in route handlers under next start */
  get buildId (): string | undefined { return undefined }
  get locale (): string { return '' }
  get defaultLocale (): string | undefined { return undefined }
  get domainLocale (): undefined { return undefined }
  clone (): NextURL {
    const copy = new NextURL(this.href, { basePath: this.#basePath, trailingSlash: this.#config })
    copy.#trailingSlash = this.#trailingSlash
    return copy
  }
}
