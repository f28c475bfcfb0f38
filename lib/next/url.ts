// NextURL: the URL behind request.nextUrl. Next's own class tracks basePath, locale and buildId;
// without basePath or i18n those are constant, so a URL subclass with the same surface is enough.
export class NextURL extends URL {
  /** always '' (the bridge strips no basePath; use Fastify's `prefix`) */
  get basePath (): string { return '' }
  set basePath (_value: string) { /* no basePath support: ignored, as Next does without one */ }
  /** Next's build id; undefined outside a Next build, as in route handlers under next start */
  get buildId (): string | undefined { return undefined }
  get locale (): string { return '' }
  get defaultLocale (): string | undefined { return undefined }
  get domainLocale (): undefined { return undefined }
  clone (): NextURL { return new NextURL(this.href) }
}
