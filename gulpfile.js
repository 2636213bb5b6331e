const { task, src, dest } = require('gulp');

// n8n resolves `icon: 'file:…'` relative to the compiled node and credential files:
// dist/nodes/<Node>/ and dist/credentials/ both reach the shared marks at dist/icons/.
task('build:icons', () => src('icons/*.svg').pipe(dest('dist/icons')));
