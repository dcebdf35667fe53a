# expect: wrong_answer
# feedback: wrapped in Bidirectional
from tensorflow.keras.layers import LSTM, Bidirectional
from tensorflow.keras.models import Sequential

model = Sequential([Bidirectional(LSTM(4, return_sequences=True), merge_mode="ave", input_shape=(3, 2))])
