// next/script: a client component; see render-only.ts.
import { component } from './render-only.js'
export default component('next/script')
