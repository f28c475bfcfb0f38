// next/font/google and next/font/local. Next's compiler replaces each call with the generated
// class name and font family; here a call returns that shape with no styles behind it, so shared
// modules that call a font loader at top level still load. (Native ES imports can only name the
// exports below; files loaded by the bridge's loader may name any Google font.)
export interface FontResult { className: string, style: { fontFamily: string, fontWeight?: number, fontStyle?: string }, variable?: string }

export function fontLoader (family: string): (options?: { variable?: string }) => FontResult {
  return (options = {}) => ({ className: '', style: { fontFamily: `'${family}'` }, ...(options.variable !== undefined ? { variable: '' } : {}) })
}

export default fontLoader('local font')
export const Inter = fontLoader('Inter')
export const Roboto = fontLoader('Roboto')
export const Geist = fontLoader('Geist')
export const Geist_Mono = fontLoader('Geist Mono')

/** The module object the loader serves for next/font/google: any named export is a font loader. */
export const googleFonts: Record<string, unknown> = new Proxy({ __esModule: true }, {
  get (target, key) {
    if (typeof key === 'symbol' || key in target || key === 'then' || key === 'default') return (target as Record<string | symbol, unknown>)[key]
    return fontLoader(key.replace(/_/g, ' '))
  }
})
