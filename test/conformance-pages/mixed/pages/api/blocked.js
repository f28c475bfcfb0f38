export default function handler (_req, res) {
  res.json({ reached: true })
}
