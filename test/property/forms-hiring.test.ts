import { propertySuite } from '../helpers/property-suite.js';

propertySuite('bad input: property tests of the hiring routes', 'hiring', 16);
