/**
 * The text a user typed for a command-line option. Nx parses `nx g` arguments with yargs, which
 * turns `--dependencies=1.10` into the number 1.1 before a generator sees it; story ids need the
 * text. Pure: the caller passes `process.argv`.
 */

/** What was typed for `--<name>` (`--name=x` or `--name x`; the last one wins), else undefined. */
export function rawArgument(args: { argv: readonly string[]; name: string }): string | undefined {
  const flag = `--${args.name}`;
  let value: string | undefined;
  args.argv.forEach((word, index) => {
    if (word.startsWith(`${flag}=`)) value = word.slice(flag.length + 1);
    else if (word === flag && index + 1 < args.argv.length && !args.argv[index + 1].startsWith('--')) value = args.argv[index + 1];
  });
  return value;
}
