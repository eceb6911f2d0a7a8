/** What to type to use a grant reached through a firewall: the public address and the grant's port. */
export function connectHint(portLabel: string, publicIp: string, port: number): string {
  const host = publicIp.includes(":") ? `[${publicIp}]` : publicIp;
  switch (portLabel.toLowerCase()) {
    case "ssh":
      return `ssh -p ${port} user@${publicIp}`;
    case "rdp":
      return `mstsc /v:${host}:${port}`;
    case "winrm":
      return `Enter-PSSession -ComputerName ${publicIp} -Port ${port}`;
    case "winrms":
      return `Enter-PSSession -ComputerName ${publicIp} -Port ${port} -UseSSL`;
    default:
      return `${host}:${port}`;
  }
}
