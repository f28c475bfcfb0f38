// next/web-vitals: a client hook (next-axiom, analytics SDKs import it); see render-only.ts.
import { renderOnly } from './render-only.js'
export function useReportWebVitals (): never { return renderOnly('useReportWebVitals() from next/web-vitals') }
