// next/link: a client component; a route handler may build an element with it, never render it.
import { component, renderOnly } from './render-only.js'
const Link = component('next/link')
export default Link
export function useLinkStatus (): never { return renderOnly('useLinkStatus() from next/link') }
