import { propertySuite } from '../helpers/property-suite.js';

propertySuite('bad input: property tests of the public-admin routes', 'public-admin', 20);
