export interface User { id: string, name: string }

const users: User[] = [{ id: '1', name: 'Ada' }, { id: '2', name: 'Grace' }]

export function findUser (id: string): User | undefined {
  return users.find(user => user.id === id)
}
