// After `npm install`: one line about npm's EBADENGINE warnings when npm itself ran on a Node older than the
// project needs. Plain JavaScript so that it runs on any Node.
const npmNode = /\bnode\/v(\d+)\.(\d+)/.exec(process.env.npm_config_user_agent ?? '');
if (npmNode) {
  const [major, minor] = [Number(npmNode[1]), Number(npmNode[2])];
  if (major < 22 || (major === 22 && minor < 12)) {
    console.log(
      `The EBADENGINE warnings above are harmless: npm ran on Node v${major}.${minor}, but npm start, npm test and every other npm script run on the Node 24 this install put in node_modules/.bin.`,
    );
  }
}
