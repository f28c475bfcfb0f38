// The request headers a Node API route sees (port of the fixture of the same name in Next's
// app-middleware e2e test).
export default function handler (req, res) {
  res.json(req.headers)
}
