// next/dynamic: returns a component; the component can only render inside React, never here.
import { component } from './render-only.js'
export default function dynamic (_loader: unknown, _options?: unknown): (props?: unknown) => never {
  return component('a next/dynamic component')
}
