// server-only under the `react-server` condition (as Next resolves it for route handlers): empty.
export {}
