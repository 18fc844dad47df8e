/** What the figures depend on: filesystem of the dbPath, package versions. */
import { statfs } from 'node:fs/promises';
import { createRequire } from 'node:module';

export async function describeFs(dir: string): Promise<{ name: string; fsyncIsFree: boolean }> {
  const names: Record<number, string> = {
    0xef53: 'ext4',
    0x58465342: 'xfs',
    0x9123683e: 'btrfs',
    0x2fc12fc1: 'zfs',
    0x794c7630: 'overlayfs',
    0x01021994: 'tmpfs',
    0x6969: 'nfs',
  };
  try {
    const { type } = await statfs(dir);
    return { name: names[type] ?? `0x${type.toString(16)}`, fsyncIsFree: type === 0x01021994 };
  } catch {
    return { name: 'unknown', fsyncIsFree: false };
  }
}

export function packageVersion(name: string): string {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
