# expect: wrong_answer
# feedback: reads the sentence in one direction only
# Same output shape (1, 8), another computation: one LSTM of 8 units reading forwards only.
from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

model = Sequential([LSTM(8, input_shape=(3, 2))])
