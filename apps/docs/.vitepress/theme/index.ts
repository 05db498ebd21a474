import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import SpecMarkdown from './components/SpecMarkdown.vue';
import PresetNotes from './components/PresetNotes.vue';
import RaceExample from './components/RaceExample.vue';
import MnistExample from './components/MnistExample.vue';
import ConformanceExample from './components/ConformanceExample.vue';
import PortExample from './components/PortExample.vue';
import './style.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('SpecMarkdown', SpecMarkdown);
    app.component('PresetNotes', PresetNotes);
    app.component('RaceExample', RaceExample);
    app.component('MnistExample', MnistExample);
    app.component('ConformanceExample', ConformanceExample);
    app.component('PortExample', PortExample);
  },
} satisfies Theme;
