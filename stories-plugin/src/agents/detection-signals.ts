/**
 * The default technology-detection table: for each agent, the signals a story's text can carry
 * and what each is worth. Data only; `detection.ts` scores with it and the plugin option
 * `detection` extends or trims it (see `mergeDetectionSignals`).
 *
 * How a signal matches:
 * - `#Words`: a heading (or the story title) containing these words;
 * - `.ext`: a file name with that extension (`src/app.py`, `main.go`);
 * - anything else: that word, phrase or path, standing alone (not inside a longer word; a plural
 *   `s` is allowed). All-lowercase signals ignore case; a signal with capitals matches exactly
 *   (`React` the library, not "react to clicks"; `Go` the language, weakly, since "Go to..." exists).
 */

/** One signal and its weight. */
export interface DetectionSignal {
  match: string;
  weight: number;
}

/** Agent name -> its signals. */
export type DetectionTable = Readonly<Record<string, readonly DetectionSignal[]>>;

/** The agent for documentation-only stories: nothing to implement. */
export const DOCUMENTATION_ONLY_AGENT = 'none';
/** The agent when nothing stands out. */
export const FALLBACK_AGENT = 'general-developer';

const signals = (weight: number, ...matches: string[]): DetectionSignal[] => matches.map((match) => ({ match, weight }));

/** The built-in table. */
export const DEFAULT_DETECTION_SIGNALS: DetectionTable = {
  'python-developer': [
    ...signals(5, 'django', 'fastapi', 'pytest', 'manage.py', 'pyproject.toml', 'requirements.txt', 'Pipfile', 'poetry.lock'),
    ...signals(4, '.py', 'python', 'flask', 'pydantic', 'sqlalchemy', 'alembic', 'uvicorn', 'celery', 'conftest.py', 'pip install', 'mypy'),
    ...signals(3, '.ipynb', '.pyi', 'setup.py', 'pandas', 'numpy', 'jupyter', 'virtualenv', 'venv', 'ruff', 'poetry'),
  ],
  'golang-developer': [
    ...signals(5, 'golang', 'go.mod', '.go', 'go test', 'go build', 'go mod', 'goroutine', 'gofmt', 'golangci-lint'),
    ...signals(4, 'go.sum', 'go run', 'gorm', 'net/http', 'chi router', 'echo framework'),
    ...signals(3, 'gin', 'cobra'),
    ...signals(2, 'Go'),
  ],
  'react-developer': [
    ...signals(5, 'create-react-app', 'react component', 'react hooks', 'react-router', 'react testing library'),
    ...signals(4, 'React', '.jsx', 'useState', 'useEffect', 'redux', 'zustand'),
    ...signals(3, '.tsx', 'jsx', 'tanstack', 'react query', 'react native'),
    ...signals(2, 'typescript', '.ts', 'vite', 'storybook'),
  ],
  'nextjs-developer': [
    ...signals(7, 'next.js', 'nextjs', 'create-next-app'),
    ...signals(6, 'next.config.js', 'next.config.mjs', 'next.config.ts', 'app router', 'pages router', 'getServerSideProps', 'getStaticProps'),
    ...signals(5, 'app/page.tsx', 'app/layout.tsx', 'pages/_app.tsx', 'next/image', 'next/link', 'next/navigation', 'next-auth'),
    ...signals(4, 'pages/api/', 'server component', 'server action', 'route handler'),
    ...signals(2, 'vercel'),
  ],
  'frontend-design': [
    ...signals(5, 'figma', 'design tokens', 'wireframe', 'mockup', 'visual design', 'pixel-perfect'),
    ...signals(4, '#Design', '#UI Design', '#Visual Design', '#Wireframes', 'design system', 'style guide', 'typography', 'color palette', 'colour palette'),
    ...signals(3, 'UI/UX', 'look and feel', 'tailwind', '.css', '.scss', 'wcag'),
    ...signals(2, 'UX', 'user experience', 'hover state', 'dark mode', 'accessibility'),
  ],
  [DOCUMENTATION_ONLY_AGENT]: [
    ...signals(6, 'documentation only', 'no code changes', 'architecture decision record', '#ADR', '#Architecture Decision'),
    ...signals(5, 'no code', '#Architecture', '#Consequences', 'ADR'),
    ...signals(3, '#Documentation', '#Decision', 'sequence diagram', 'C4 model', 'design document', 'runbook'),
    ...signals(2, 'diagram', 'mermaid', 'trade-off', 'document the'),
  ],
  [FALLBACK_AGENT]: [
    ...signals(4, '.rs', 'Cargo.toml', '.java', '.rb', '.php', '.cs', '.cpp', '.kt', '.swift'),
    ...signals(3, 'rust', 'java', 'ruby', 'rails', 'php', 'kotlin', 'c#', 'c++', 'spring boot', 'node.js', 'express.js', 'bash script'),
    ...signals(2, 'unit test', 'integration test', 'refactor', 'bug', 'CLI', 'command-line', 'endpoint', '.sh', 'dockerfile', 'migration'),
    ...signals(1, 'implement', 'function', 'database', 'API', 'script'),
  ],
};
