// The router and composition root: which screen is shown, and the flows, each built on the
// engine view it needs and the workspace's tables. Each flow owns its start and load; leaving a
// flow frees what it holds in the worker, coming back makes it again.
import type {
  AnalysisEngine,
  IdMappingEngine,
  SurveyToVivaEngine,
  VivaEngine,
} from '../services/engine-client';
import { AnalysisFlow } from './analysis.svelte';
import type { ConnectionsStore } from './connections.svelte';
import type { SentimentRepoLike } from './analysis-mapping.svelte';
import { IdMappingFlow } from './id-mapping.svelte';
import { QualtricsSurveys } from './qualtrics-surveys.svelte';
import { RecipeStore, type RecipeRepoLike } from './recipes.svelte';
import { SavedMappingsStore, type MappingListRepo } from './saved-mappings.svelte';
import { SurveyToVivaFlow } from './survey-to-viva.svelte';
import { VivaToQualtricsFlow } from './viva-to-qualtrics.svelte';
import type { Workspace } from './workspace.svelte';

export type Route =
  | 'workspace'
  | 'survey-to-viva'
  | 'id-mapping'
  | 'viva-to-qualtrics'
  | 'analysis'
  | 'recipes'
  | 'connections'
  | 'surveys';

export class AppState {
  route = $state<Route>('workspace');
  readonly recipes: RecipeStore;
  readonly survey: SurveyToVivaFlow;
  readonly ids: IdMappingFlow;
  readonly viva: VivaToQualtricsFlow;
  readonly analysis: AnalysisFlow;
  readonly savedMappings: SavedMappingsStore;
  /** The surveys of a connection and Load responses (with the connections). */
  readonly surveys?: QualtricsSurveys;

  constructor(
    readonly ws: Workspace,
    engine: SurveyToVivaEngine & IdMappingEngine & VivaEngine & AnalysisEngine,
    repo: RecipeRepoLike,
    mappings: SentimentRepoLike & MappingListRepo,
    /** The Qualtrics connections (absent in tests of the file flows). */
    readonly connections?: ConnectionsStore,
  ) {
    this.recipes = new RecipeStore(repo);
    this.survey = new SurveyToVivaFlow(engine, this.recipes, ws);
    this.ids = new IdMappingFlow(engine, this.recipes, ws);
    this.viva = new VivaToQualtricsFlow(engine, this.recipes, ws);
    this.analysis = new AnalysisFlow(engine, mappings, ws);
    this.savedMappings = new SavedMappingsStore(mappings);
    if (connections) {
      // Loaded responses open in the workspace, which is then shown.
      this.surveys = new QualtricsSurveys(connections, ws, () => this.go('workspace'));
    }
  }

  /** Shows a screen; the flow left behind frees what it holds in the worker. */
  go(route: Route): void {
    const from = this.route;
    this.route = route;
    if (from !== route) {
      if (from === 'viva-to-qualtrics') this.viva.leave();
      if (from === 'analysis') this.analysis.leave();
      if (from === 'surveys') this.surveys?.leave();
    }
    if (route === 'recipes') {
      void this.recipes.refresh();
      void this.savedMappings.refresh();
      void this.connections?.refresh();
    }
    if (route === 'connections') void this.connections?.refresh();
    if (route === 'analysis') void this.analysis.resume();
  }

  /** The Surveys screen of a connection. */
  browse(connectionId: string): void {
    this.go('surveys');
    void this.surveys?.open(connectionId);
  }

  goHome(): void {
    this.go('workspace');
    this.ws.goHome();
  }
}
