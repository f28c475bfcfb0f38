// next/head (Pages Router): a component; see render-only.ts.
import { component } from './render-only.js'
export default component('next/head')
