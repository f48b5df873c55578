/** Reads a folder dropped on the page into [relative path, File] pairs (FileSystemEntry API). */
export async function readDroppedFolder(transfer: DataTransfer): Promise<{ name: string; files: [string, File][] } | undefined> {
  const entry = [...transfer.items].map((item) => item.webkitGetAsEntry?.()).find((e) => e?.isDirectory);
  if (!entry) return undefined;
  const files: [string, File][] = [];
  await walk(entry, '', files);
  return { name: entry.name, files };
}

async function walk(entry: FileSystemEntry, prefix: string, out: [string, File][]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push([path, file]);
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, path, out);
  }
}
