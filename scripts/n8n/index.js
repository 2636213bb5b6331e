'use strict';
// One entry for the n8n helpers shared by `npm start` and the e2e suite.
module.exports = {
	...require('./paths'),
	...require('./install'),
	...require('./env'),
	...require('./pack'),
	...require('./run'),
	...require('./rest'),
	...require('./import'),
};
