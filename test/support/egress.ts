/** Readers of strace output (`-e trace=connect,bind`): the ground truth of what a process reached or opened. */

/** Every connect() the traced processes made to something other than a local socket or loopback. */
export function externalConnects(trace: string): string[] {
  return trace
    .split('\n')
    .filter((line) => line.includes('connect('))
    .filter((line) => !line.includes('AF_UNIX') && !line.includes('AF_LOCAL'))
    .filter((line) => !/inet_addr\("127\.\d+\.\d+\.\d+"\)/.test(line))
    .filter((line) => !/inet_pton\(AF_INET6, "::1"/.test(line))
    .filter((line) => !line.includes('AF_UNSPEC'));
}

/** Every bind() to an address other than loopback or a local socket: a listening socket others could reach. */
export function externalBinds(trace: string): string[] {
  return trace
    .split('\n')
    .filter((line) => line.includes('bind(') && /AF_INET6?/.test(line))
    .filter((line) => !/inet_addr\("127\.\d+\.\d+\.\d+"\)/.test(line))
    .filter((line) => !/inet_pton\(AF_INET6, "::1"/.test(line));
}
