// client-only under the `react-server` condition throws on import, as in Next's route handlers.
throw new Error('This module cannot be imported from a Server Component module. It should only be used from a Client Component.')
