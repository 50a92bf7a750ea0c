import { simpleGit } from 'simple-git';

/** True when `folder` is inside a git work tree. */
export async function isInsideGitRepository(folder: string): Promise<boolean> {
  try {
    return await simpleGit({ baseDir: folder }).checkIsRepo();
  } catch {
    return false; // no git binary, or not a repository
  }
}

/** git's `user.name` as seen from `folder`, when set. */
export async function gitUserName(folder: string): Promise<string | undefined> {
  try {
    const { value } = await simpleGit({ baseDir: folder }).getConfig('user.name');
    return value === null || value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}
