// next/dist/* paths and other internals the bridge does not provide: importing works, using fails.
import { renderOnly } from './render-only.js'
export default function unsupported (): never { return renderOnly('this next/dist module') }
