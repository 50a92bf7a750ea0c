// simple-git is loaded on first use: most commands never touch git, and its
// load is a large share of a cold start.
type SimpleGitFactory = (typeof import('simple-git'))['simpleGit'];
let factory: Promise<SimpleGitFactory> | undefined;

function git(folder: string) {
  factory ??= import('simple-git').then((module) => module.simpleGit);
  return factory.then((create) => create({ baseDir: folder }));
}

/** True when `folder` is inside a git work tree. */
export async function isInsideGitRepository(folder: string): Promise<boolean> {
  try {
    return await (await git(folder)).checkIsRepo();
  } catch {
    return false; // no git binary, or not a repository
  }
}

/** git's `user.name` as seen from `folder`, when set. */
export async function gitUserName(folder: string): Promise<string | undefined> {
  try {
    const { value } = await (await git(folder)).getConfig('user.name');
    return value === null || value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}
