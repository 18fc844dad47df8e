import { propertySuite } from '../helpers/property-suite.js';

propertySuite('bad input: property tests of the positions routes', 'positions', 20);
