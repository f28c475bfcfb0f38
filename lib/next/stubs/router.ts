// next/router (Pages Router): the router exists only in the browser and in page rendering.
import { renderOnly } from './render-only.js'
export function useRouter (): never { return renderOnly('useRouter() from next/router (this needs the Pages Router)') }
export function withRouter (): never { return renderOnly('withRouter() from next/router (this needs the Pages Router)') }
export function createRouter (): never { return renderOnly('createRouter() from next/router (this needs the Pages Router)') }
const Router = new Proxy({}, {
  get (_target, key) {
    if (typeof key === 'symbol' || key === 'then') return undefined
    return renderOnly(`Router.${key} from next/router (this needs the Pages Router)`)
  }
})
export default Router
