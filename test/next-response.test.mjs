// NextResponse.next(), rewrite() and redirect() are light objects; these check they keep every
// property of the undici-built Response they stand in for.
import t from 'tap'
import { NextResponse } from '../dist/next/server.js'

t.test('next(), rewrite() and redirect() look like real Responses', async t => {
  const cases = {
    next: NextResponse.next({ headers: { 'x-a': '1' } }),
    rewrite: NextResponse.rewrite('http://localhost/x', { headers: { 'x-a': '1' } }),
    redirect: NextResponse.redirect('http://localhost/y', { status: 308, headers: { 'x-a': '1' } })
  }
  for (const [name, res] of Object.entries(cases)) {
    t.ok(res instanceof Response && res instanceof NextResponse, `${name}: instanceof`)
    t.equal(res.body, null, `${name}: null body`)
    t.equal(res.headers.get('x-a'), '1', `${name}: init headers kept`)
    t.equal(res.bodyUsed, false)
    t.equal(await res.text(), '', `${name}: text() of a null body`)
    const clone = res.clone()
    t.equal(clone.headers.get('x-a'), '1', `${name}: clone keeps headers`)
  }
  t.equal(cases.next.status, 200)
  t.equal(cases.next.headers.get('x-middleware-next'), '1')
  t.equal(cases.rewrite.headers.get('x-middleware-rewrite'), 'http://localhost/x')
  t.same([cases.redirect.status, cases.redirect.headers.get('location')], [308, 'http://localhost/y'])
})

t.test('cookies set on a light next() land in its headers', async t => {
  const res = NextResponse.next()
  res.cookies.set('a', '1')
  res.headers.set('x-after', 'yes')
  res.cookies.set('b', '2')
  t.same(res.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/'])
  t.equal(res.headers.get('x-middleware-set-cookie'), 'a=1; Path=/,b=2; Path=/')
  t.equal(res.headers.get('x-after'), 'yes')
})

t.test('an init undici would refuse is refused the same way', async t => {
  t.throws(() => NextResponse.next({ status: 99 }), RangeError)
  t.throws(() => NextResponse.rewrite('http://localhost/', { status: 600 }), RangeError)
  t.throws(() => NextResponse.next({ statusText: 'bad\nreason' }), TypeError)
  t.throws(() => NextResponse.redirect('http://localhost/', 200), RangeError)
  t.throws(() => NextResponse.redirect('/relative'), /URL is malformed "\/relative"/)
  // Unusual init keys get a real Response, which accepts them as undici does.
  const odd = NextResponse.next({ headers: { 'x-a': '1' }, cf: {} })
  t.equal(odd.headers.get('x-a'), '1')
  t.equal(odd.status, 200)
})

t.test('request header overrides are encoded as Next encodes them', async t => {
  const res = NextResponse.next({ request: { headers: new Headers({ 'x-user': 'u1', accept: 'text/html' }) } })
  t.equal(res.headers.get('x-middleware-override-headers'), 'accept,x-user')
  t.equal(res.headers.get('x-middleware-request-x-user'), 'u1')
  t.throws(() => NextResponse.next({ request: { headers: { 'x-user': 'u1' } } }), /request.headers must be an instance of Headers/)
})
