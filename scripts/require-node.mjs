// Plain JavaScript so that it runs on any Node: stops with one clear line when Node is too old.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Gongkai needs Node.js 22.12 or newer (this is ${process.version}). Install Node 24 (nvm install 24), or run: npm install --prefix .tools node@24 && export PATH="$PWD/.tools/node_modules/.bin:$PATH"`,
  );
  process.exit(1);
}
