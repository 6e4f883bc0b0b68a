/**
 * electron-builder's afterPack hook: flips the fuses electron-builder.yml asks for (the documented way
 * to do it from this hook; electron-builder flips the same values again just before signing), then
 * reads them back from the binary and throws if one is wrong, so no installer is made from it.
 */
import path from 'node:path';
import { binaryProblems, configProblems } from './fuses.mjs';

const extensions = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' };

export default async function afterPack(context) {
  const { packager, appOutDir, electronPlatformName } = context;
  const config = packager.config;
  const problems = configProblems(config);
  if (problems.length > 0) throw new Error(`Enclave: the fuse configuration is incomplete:\n  ${problems.join('\n  ')}`);

  await packager.addElectronFuses(context, await packager.generateFuseConfig(config.electronFuses));
  const name = electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename;
  const binary = path.join(appOutDir, `${name}${extensions[electronPlatformName] ?? ''}`);
  const wrong = await binaryProblems(binary);
  if (wrong.length > 0) throw new Error(`Enclave: the packaged binary's fuses are wrong; no installer is made:\n  ${wrong.join('\n  ')}`);
  console.log(`  • Enclave fuses verified  binary=${binary}`);
}
