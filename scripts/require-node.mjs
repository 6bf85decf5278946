// Plain JavaScript so that it runs on any Node. npm scripts run on the Node 24 that `npm install` puts in
// node_modules/.bin (the `node` dev dependency); an older Node here means that install has not happened yet.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Gongkai needs Node.js 22.12 or newer (this is ${process.version}). Run \`npm install\` first: it brings Node 24 from the npm registry into node_modules/.bin, which every npm script uses.`,
  );
  process.exit(1);
}
