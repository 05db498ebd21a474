import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import SpecMarkdown from './components/SpecMarkdown.vue';
import PresetNotes from './components/PresetNotes.vue';
import RmspropRaceExample from './components/RmspropRaceExample.vue';
import FamilyRaceExample from './components/FamilyRaceExample.vue';
import OptimizerPage from './components/OptimizerPage.vue';
import FamilyOverview from './components/FamilyOverview.vue';
import MnistExample from './components/MnistExample.vue';
import ConformanceExample from './components/ConformanceExample.vue';
import PortExample from './components/PortExample.vue';
import './style.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('SpecMarkdown', SpecMarkdown);
    app.component('PresetNotes', PresetNotes);
    app.component('RmspropRaceExample', RmspropRaceExample);
    app.component('FamilyRaceExample', FamilyRaceExample);
    app.component('OptimizerPage', OptimizerPage);
    app.component('FamilyOverview', FamilyOverview);
    app.component('MnistExample', MnistExample);
    app.component('ConformanceExample', ConformanceExample);
    app.component('PortExample', PortExample);
  },
} satisfies Theme;
