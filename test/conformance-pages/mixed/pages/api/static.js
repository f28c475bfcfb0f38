// A static pages/api route beside app/api/[slug]: the static one wins.
export default function handler (_req, res) {
  res.json({ route: 'pages/api/static' })
}
