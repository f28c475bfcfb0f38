export default function handler (req, res) {
  res.json({ route: 'pages/api/items/[id]', url: req.url, query: req.query, fromMiddleware: req.headers['x-from-middleware'] ?? null })
}
