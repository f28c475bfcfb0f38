// next/image: a client component; see render-only.ts.
import { component, renderOnly } from './render-only.js'
const Image = component('next/image')
export default Image
export function getImageProps (): never { return renderOnly('getImageProps() from next/image') }
